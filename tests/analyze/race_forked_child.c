/* A server with a logging thread forks a worker process, and the worker splits its job over two
 * threads that add into one unprotected total: a race inside a child of a multithreaded process,
 * where ThreadSanitizer cannot follow. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static long total;

static void *add_half(void *arg)
{
    long from = (long)arg;
    for (long i = from; i < from + 50000; i++)
        total += i & 7;
    return NULL;
}

static void *logger(void *arg)
{
    (void)arg;
    usleep(20000);
    return NULL;
}

int main(void)
{
    pthread_t log_thread;
    pthread_create(&log_thread, NULL, logger, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, add_half, (void *)0L);
        pthread_create(&b, NULL, add_half, (void *)50000L);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
        printf("worker: total %ld\n", total);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    pthread_join(log_thread, NULL);
    return 0;
}
