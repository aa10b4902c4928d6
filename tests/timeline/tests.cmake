# The timeline pages in a real browser: headless Chromium renders them from file:// and the test
# checks the lanes, arrows, names, a non-blank screenshot and that no request left the page.
add_test(NAME timeline/render
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/timeline/render.sh $<TARGET_FILE:racelab>
                 ${CMAKE_BINARY_DIR}/timeline-shots)
set_tests_properties(timeline/render PROPERTIES TIMEOUT 300 LABELS timeline SKIP_RETURN_CODE 77)
