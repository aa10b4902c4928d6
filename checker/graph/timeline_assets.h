/*
 * The timeline page's script and style (checker/graph/timeline_page.js and .css), embedded in the
 * checker as NUL-terminated arrays by CMake at configure time, so that every page is one file.
 */
#ifndef RACELAB_TIMELINE_ASSETS_H
#define RACELAB_TIMELINE_ASSETS_H

extern const char timeline_page_js[];
extern const char timeline_page_css[];

#endif
