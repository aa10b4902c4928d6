/*
 * Semaphores used as locks (sem_init to 1, each taker posts back what it took), taken in opposite
 * orders: a deadlock every run. With MIXED one side is a mutex: the cycle goes through both kinds.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t disk;
#ifdef MIXED
static pthread_mutex_t net = PTHREAD_MUTEX_INITIALIZER;
#define TAKE_NET() pthread_mutex_lock(&net)
#define GIVE_NET() pthread_mutex_unlock(&net)
#else
static sem_t net;
#define TAKE_NET() sem_wait(&net)
#define GIVE_NET() sem_post(&net)
#endif

static void *backup(void *arg)
{
	(void)arg;
	sem_wait(&disk); /* LINE backup-takes */
	usleep(100 * 1000);
	TAKE_NET(); /* LINE backup-waits */
	GIVE_NET();
	sem_post(&disk);
	return NULL;
}

static void *restore(void *arg)
{
	(void)arg;
	TAKE_NET();
	usleep(100 * 1000);
	sem_wait(&disk); /* LINE restore-waits */
	sem_post(&disk);
	GIVE_NET();
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	sem_init(&disk, 0, 1);
#ifndef MIXED
	sem_init(&net, 0, 1);
#endif
	/* One earlier use posted back by its taker: still a token, not a signal. */
	sem_wait(&disk);
	sem_post(&disk);
	pthread_create(&t1, NULL, backup, NULL);
	pthread_create(&t2, NULL, restore, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	puts("done");
	return 0;
}
