#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
static atomic_int flag;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *setter(void *x) { (void)x; pthread_mutex_lock(&m); atomic_store(&flag, 1); pthread_mutex_unlock(&m); return 0; }
static void *spinner(void *x) { (void)x; pthread_mutex_lock(&m); pthread_mutex_unlock(&m); while (!atomic_load(&flag)) ; return 0; }
int main(void) { pthread_t x, y; pthread_create(&y, 0, spinner, 0); pthread_create(&x, 0, setter, 0); pthread_join(x, 0); pthread_join(y, 0); puts("ok"); return 0; }
