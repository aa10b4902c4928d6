# The timeline page's script and style, embedded as C arrays (graph/timeline_assets.h): a page
# is one self-contained file, and the .js and .css stay files a person can edit and lint.
# In: RL_ASSETS_ROOT (the kit's root). Out: RL_ASSETS_C, the generated source to compile in.
# Shared by the main build and the fuzz build, which both compile every part of the checker.
set(RL_ASSETS_C ${CMAKE_BINARY_DIR}/generated/timeline_assets.c)
set(rl_assets_body "/* Generated from checker/graph/timeline_page.*: do not edit. */\n")
foreach(asset js css)
  set(rl_asset ${RL_ASSETS_ROOT}/checker/graph/timeline_page.${asset})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${rl_asset})
  file(READ ${rl_asset} rl_hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," rl_hex "${rl_hex}")
  string(APPEND rl_assets_body "const char timeline_page_${asset}[] = {${rl_hex}0};\n")
endforeach()
file(WRITE ${RL_ASSETS_C}.tmp "${rl_assets_body}")
configure_file(${RL_ASSETS_C}.tmp ${RL_ASSETS_C} COPYONLY)
