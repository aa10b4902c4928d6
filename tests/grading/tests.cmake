# Grading end to end: racelab grade on three students, --self reports, the Gradescope zip, the
# student tarball. They need exercises 01 and 03 and their solutions; without solutions (a student
# kit) they report "skipped" (exit status 77).
set(RL_GRADING ${CMAKE_SOURCE_DIR}/tests/grading)

add_test(NAME grading/three-students
         COMMAND sh ${RL_GRADING}/grade_e2e.sh ${CMAKE_SOURCE_DIR} $<TARGET_FILE:racelab>)
add_test(NAME grading/self-reports
         COMMAND sh ${RL_GRADING}/self_e2e.sh ${CMAKE_SOURCE_DIR} $<TARGET_FILE:racelab>)
add_test(NAME grading/gradescope-zip COMMAND sh ${RL_GRADING}/gradescope_e2e.sh ${CMAKE_SOURCE_DIR})
add_test(NAME grading/dist-tarball COMMAND sh ${RL_GRADING}/dist_e2e.sh ${CMAKE_SOURCE_DIR})
add_test(NAME grading/classroom-in-step COMMAND sh ${RL_GRADING}/classroom_sync.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(grading/three-students grading/self-reports grading/gradescope-zip
                     grading/dist-tarball grading/classroom-in-step
                     PROPERTIES LABELS grading TIMEOUT 900 SKIP_RETURN_CODE 77
                     ENVIRONMENT "NO_COLOR=1")
# The two that build a whole kit again are the slowest; keep them off each other's cores.
set_tests_properties(grading/gradescope-zip grading/dist-tarball PROPERTIES RESOURCE_LOCK kit-build)
# The HTML report and the class dashboard in headless Chromium (skipped, 77, without it).
add_test(NAME grading/html-browser
         COMMAND sh ${RL_GRADING}/html_browser.sh ${CMAKE_SOURCE_DIR} $<TARGET_FILE:racelab>)
set_tests_properties(grading/html-browser PROPERTIES LABELS grading TIMEOUT 300
                     SKIP_RETURN_CODE 77 ENVIRONMENT "NO_COLOR=1")
# ci/slurm/ on a one-node Slurm the test starts from Debian's packages (skipped, 77, with the reason
# where its daemons cannot start).
add_test(NAME grading/slurm-array
         COMMAND sh ${RL_GRADING}/slurm_e2e.sh ${CMAKE_SOURCE_DIR} $<TARGET_FILE:racelab>)
set_tests_properties(grading/slurm-array PROPERTIES LABELS grading TIMEOUT 900
                     SKIP_RETURN_CODE 77 ENVIRONMENT "NO_COLOR=1")
