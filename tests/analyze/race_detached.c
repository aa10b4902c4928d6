/* A detached logger thread updates a global that main reads after a sleep, never a join. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static long lines_written;

static void *logger(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        lines_written++;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, logger, NULL);
    pthread_detach(t);
    usleep(100 * 1000); /* "long enough": a sleep orders nothing */
    printf("lines %ld\n", lines_written);
    lines_written = 0;
    return 0;
}
