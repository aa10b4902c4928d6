/*
 * Semaphores used as signals must not make a deadlock cycle. Both runs hang; neither is a
 * deadlock through a semaphore:
 * - items is a count the producer (main) posts holding none of its tokens: T1 took an item and
 *   waits for the mutex T2 holds while T2 waits for the next item, which only main could post;
 * - with POOL, two workers each took a slot of one pool and wait for another, while the thread
 *   that would free slots waits on a condition nobody signals.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t items, slots;
static pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

#ifndef POOL
static void *eater(void *arg)
{
	(void)arg;
	sem_wait(&items);
	usleep(100 * 1000);
	pthread_mutex_lock(&table); /* LINE eater-waits */
	pthread_mutex_unlock(&table);
	return NULL;
}

static void *hoarder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&table);
	usleep(100 * 1000);
	sem_wait(&items); /* LINE hoarder-waits */
	pthread_mutex_unlock(&table);
	return NULL;
}
#else
static void *worker(void *arg)
{
	(void)arg;
	sem_wait(&slots);
	usleep(100 * 1000);
	sem_wait(&slots); /* LINE worker-waits */
	sem_post(&slots);
	sem_post(&slots);
	return NULL;
}

static void *freer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&table);
	pthread_cond_wait(&never, &table); /* LINE freer-waits */
	pthread_mutex_unlock(&table);
	sem_post(&slots);
	return NULL;
}
#endif

int main(void)
{
	pthread_t t1, t2, t3;

	sem_init(&items, 0, 0);
	sem_init(&slots, 0, 2);
#ifndef POOL
	pthread_create(&t1, NULL, eater, NULL);
	pthread_create(&t2, NULL, hoarder, NULL);
	sem_post(&items); /* the only item: one of them gets it */
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
#else
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_create(&t3, NULL, freer, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_join(t3, NULL);
#endif
	puts("done");
	return 0;
}
