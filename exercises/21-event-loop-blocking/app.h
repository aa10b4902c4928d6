/* The dashboard app's request handling, running on the event loop. */
#ifndef APP_H
#define APP_H

#include "eventloop.h"

/* Registers the app's handlers on the loop (a "request" arrives 30 ms after start). */
void app_start(struct loop *l);
/* The checksum of the report built for the request, or 0 if none was built. Loop thread only. */
unsigned long app_report_checksum(void);

#endif
