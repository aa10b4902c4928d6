/*
 * kitchen: three cooks share three tools laid out in a ring (knife, pan, whisk). Each dish needs
 * the tool on the cook's left and the one on the cook's right. This is Dijkstra's "dining
 * philosophers" in an apron.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define COOKS 3
#define DISHES 3

static const char *const tool_names[COOKS] = { "knife", "pan", "whisk" };
static pthread_mutex_t tools[COOKS] = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER
};
static const char *const cook_names[COOKS] = { "Ana", "Ben", "Cy" };

static void *cook_run(void *arg)
{
	int id = (int)(long)arg;
	int left = id, right = (id + 1) % COOKS;
	/* Every cook picks up the lower-numbered tool first: no cycle of waiting cooks can form. */
	int first = left < right ? left : right, second = left < right ? right : left;

	for (int dish = 1; dish <= DISHES; dish++) {
		pthread_mutex_lock(&tools[first]);
		printf("%*s%s takes the %s\n", 24 * id, "", cook_names[id], tool_names[first]);
		usleep(10000); /* reaching across the counter takes a moment */
		pthread_mutex_lock(&tools[second]);
		printf("%*s%s cooks dish %d\n", 24 * id, "", cook_names[id], dish);
		usleep(1000);
		pthread_mutex_unlock(&tools[second]);
		pthread_mutex_unlock(&tools[first]);
	}
	printf("%*s%s is done\n", 24 * id, "", cook_names[id]);
	return NULL;
}

int main(void)
{
	pthread_t cooks[COOKS];

	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	for (long i = 0; i < COOKS; i++)
		if (pthread_create(&cooks[i], NULL, cook_run, (void *)i) != 0)
			return 1;
	for (int i = 0; i < COOKS; i++)
		pthread_join(cooks[i], NULL);
	printf("kitchen: %d dishes served\n", COOKS * DISHES);
	return 0;
}
