/* A session object is torn down while its mutex is still locked. */
/* expect: fail lock-misuse */
/* class: lock-misuse */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct session {
    pthread_mutex_t lock;
    int open;
};

static void *closer(void *arg)
{
    struct session *s = arg;
    pthread_mutex_lock(&s->lock);
    s->open = 0;
    return NULL; /* forgets to unlock */
}

int main(void)
{
    struct session *s = malloc(sizeof *s);
    pthread_t t;
    pthread_mutex_init(&s->lock, NULL);
    s->open = 1;
    pthread_create(&t, NULL, closer, s);
    pthread_join(t, NULL);
    pthread_mutex_destroy(&s->lock); /* still locked */
    free(s);
    puts("closed");
    return 0;
}
