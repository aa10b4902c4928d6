/* A tiny logger shared by every thread of the server. */
#ifndef LOG_H
#define LOG_H

/* Starts the log; lines are kept in a buffer and written to disk_fd by log_flush(). */
void log_init(int disk_fd);
/* Writes one line, whole, even when several threads log at once: shown at once, on disk later. */
void log_write(const char *who, const char *msg);
/* Writes the buffered lines to the disk, each exactly once: slow, so it holds the log lock for a
 * while. */
void log_flush(void);

#endif
