/* depth=2 threads=2: read lock, then "upgrade" by releasing and write-locking: a stale decision. */
#include <assert.h>
#include <pthread.h>
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int slots = 1, used;
static void *take(void *a)
{
	int free_now;
	(void)a;
	pthread_rwlock_rdlock(&rw); free_now = slots - used; pthread_rwlock_unlock(&rw);
	if (free_now > 0) { pthread_rwlock_wrlock(&rw); used++; pthread_rwlock_unlock(&rw); }
	return 0;
}
int main(void)
{
	pthread_t t[2];
	for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, take, 0);
	for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
	assert(used <= slots);
	return 0;
}
