/* A correct program using every primitive: the tracer must report nothing, whatever the seed. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

#define ITEMS 200
#define SLOTS 4

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS], head, count, consumed;

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER; /* always after queue_lock */
static long total;

static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static int config = 1;

static sem_t tickets;
static pthread_barrier_t start_line;

static void *producer(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start_line);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&queue_lock);
		while (count == SLOTS)
			pthread_cond_wait(&not_full, &queue_lock);
		queue[(head + count++) % SLOTS] = i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&queue_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start_line);
	for (;;) {
		int item, factor;

		pthread_mutex_lock(&queue_lock);
		while (count == 0 && consumed < ITEMS)
			pthread_cond_wait(&not_empty, &queue_lock);
		if (consumed == ITEMS) {
			pthread_mutex_unlock(&queue_lock);
			return NULL;
		}
		item = queue[head];
		head = (head + 1) % SLOTS;
		count--;
		if (++consumed == ITEMS)
			pthread_cond_broadcast(&not_empty);
		pthread_cond_signal(&not_full);
		pthread_rwlock_rdlock(&config_lock);
		factor = config;
		pthread_rwlock_unlock(&config_lock);
		pthread_mutex_lock(&stats_lock);
		total += (long)item * factor;
		pthread_mutex_unlock(&stats_lock);
		pthread_mutex_unlock(&queue_lock);
		sem_wait(&tickets);
		sem_post(&tickets);
	}
}

int main(void)
{
	pthread_t p, c[2];

	sem_init(&tickets, 0, 1);
	pthread_barrier_init(&start_line, NULL, 3);
	pthread_create(&p, NULL, producer, NULL);
	pthread_create(&c[0], NULL, consumer, NULL);
	pthread_create(&c[1], NULL, consumer, NULL);
	pthread_rwlock_wrlock(&config_lock);
	config = 1;
	pthread_rwlock_unlock(&config_lock);
	pthread_join(p, NULL);
	pthread_join(c[0], NULL);
	pthread_join(c[1], NULL);
	printf("total %ld\n", total);
	return total == (long)ITEMS * (ITEMS - 1) / 2 ? 0 : 1;
}
