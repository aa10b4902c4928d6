/*
 * For the timeline's browser test: two cooks share tools[1] (each waits while the other holds
 * it: hand-overs), one rings a bell the other waits for (a wake-up), then the program reports a
 * failure so that racelab keeps its timeline.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t tools[2] = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };
static pthread_cond_t bell = PTHREAD_COND_INITIALIZER;
static int rung;

static void *cook(void *arg)
{
	for (int i = 0; i < 3; i++) {
		pthread_mutex_lock(&tools[1]);
		usleep(20000); /* long enough that the other cook waits */
		pthread_mutex_unlock(&tools[1]);
		usleep(1000);
	}
	pthread_mutex_lock(&tools[0]);
	if (arg) {
		rung = 1;
		pthread_cond_signal(&bell);
	} else {
		while (!rung)
			pthread_cond_wait(&bell, &tools[0]);
	}
	pthread_mutex_unlock(&tools[0]);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, cook, NULL);
	usleep(5000);
	pthread_create(&b, NULL, cook, &rung);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("FAIL: served nothing\n");
	return 1;
}
