/* A tiny logger shared by every thread of the server. */
#ifndef LOG_H
#define LOG_H

void log_init(void);
/* Writes one line, whole, even when several threads log at once. */
void log_write(const char *who, const char *msg);
/* Flushes the log to "disk": slow, so it holds the log lock for a while. */
void log_flush(void);

#endif
