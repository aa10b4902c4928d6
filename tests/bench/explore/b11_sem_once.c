/* depth=2 threads=4: "init once" decided in one critical section and done in another. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
static sem_t s;
static int inited, inits;
static void *user(void *a)
{
	int need;
	(void)a;
	sem_wait(&s); need = !inited; sem_post(&s);
	if (need) { sem_wait(&s); inited = 1; inits++; sem_post(&s); }
	return 0;
}
int main(void)
{
	pthread_t t[4];
	sem_init(&s, 0, 1);
	for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, user, 0);
	for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
	assert(inits == 1);
	return 0;
}
