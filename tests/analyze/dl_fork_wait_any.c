/* A logger thread holds its mutex most of the time while it writes ten batches; main forks a
 * child that logs, then reaps it with wait(): the child inherited the mutex locked by a thread it
 * does not have, blocks for ever, and main waits for it for ever. */
/* expect: fail deadlock */
/* class: deadlock */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void *logger(void *arg)
{
    (void)arg;
    for (int batch = 0; batch < 10; batch++) {
        pthread_mutex_lock(&log_lock);
        usleep(20000); /* writing a batch of lines */
        pthread_mutex_unlock(&log_lock);
        usleep(100);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, logger, NULL);
    usleep(5000);
    if (fork() == 0) {
        pthread_mutex_lock(&log_lock);
        puts("child: hello");
        pthread_mutex_unlock(&log_lock);
        _exit(0);
    }
    wait(NULL);
    pthread_join(t, NULL);
    puts("parent: child done");
    return 0;
}
