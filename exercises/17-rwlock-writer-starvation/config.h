/* The routing table of a small proxy: read by every request, replaced by the admin now and then. */
#ifndef CONFIG_H
#define CONFIG_H

void config_init(void);
void config_destroy(void);

/* A request holds the table between these two calls while it routes. */
void config_read_begin(void);
void config_read_end(void);

/* Replaces the backend a route points at. Returns how many ms it waited for the lock. */
long config_update(int route, int backend);

/* Reads a route; only between config_read_begin() and config_read_end(). */
int config_route(int route);

#endif
