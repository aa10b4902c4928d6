/*
 * reload: a server's request handlers wait until the configuration has been loaded, then serve
 * with it. A loader thread parses the config file into `config` and raises the `config_ready`
 * flag when it is done. `volatile` is meant to make the handlers see the flag change.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HANDLERS 3

struct config {
	char server_name[32];
	int port;
	int max_clients;
};

static struct config config;
/*
 * 1 once config is complete. Written with release and read with acquire: a handler that sees 1 is
 * guaranteed to also see every write the loader made before raising it.
 */
static atomic_int config_ready;

static void *loader_run(void *arg)
{
	(void)arg;
	usleep(10000); /* read and parse /etc/server.conf */
	strcpy(config.server_name, "racelab.example");
	config.port = 8080;
	config.max_clients = 64;
	atomic_store_explicit(&config_ready, 1, memory_order_release);
	printf("loader: config published\n");
	return NULL;
}

static void *handler_run(void *arg)
{
	int id = (int)(long)arg;

	while (!atomic_load_explicit(&config_ready, memory_order_acquire))
		usleep(100); /* wait for the config */
	printf("%*shandler %d: serving %s on port %d (max %d)\n", 4 * id + 4, "", id,
	       config.server_name, config.port, config.max_clients);
	if (config.port != 8080) {
		printf("FAIL: handler %d saw the config as ready but port %d: it read the config "
		       "before the loader's writes reached it\n", id, config.port);
		return (void *)1L;
	}
	return NULL;
}

int main(void)
{
	pthread_t loader, handlers[HANDLERS];
	long failed = 0;

	for (long i = 0; i < HANDLERS; i++)
		if (pthread_create(&handlers[i], NULL, handler_run, (void *)i) != 0)
			return 1;
	if (pthread_create(&loader, NULL, loader_run, NULL) != 0)
		return 1;
	pthread_join(loader, NULL);
	for (int i = 0; i < HANDLERS; i++) {
		void *r;

		pthread_join(handlers[i], &r);
		failed += (long)r;
	}
	printf("server: %d handlers served with port %d\n", HANDLERS, config.port);
	return failed ? 1 : 0;
}
