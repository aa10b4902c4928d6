/* A helper thread holds the log mutex while main forks; the child inherits the mutex locked, with
 * no thread left to unlock it, and blocks on it for ever while the parent waits for the child. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t held;

static void *flusher(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&log_lock);
    pthread_barrier_wait(&held);
    usleep(300 * 1000); /* a slow flush, lock held */
    pthread_mutex_unlock(&log_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_barrier_init(&held, NULL, 2);
    pthread_create(&t, NULL, flusher, NULL);
    pthread_barrier_wait(&held);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_mutex_lock(&log_lock); /* held by a thread that does not exist here */
        puts("child logged");
        pthread_mutex_unlock(&log_lock);
        _exit(0);
    }
    pthread_join(t, NULL);
    waitpid(pid, NULL, 0);
    puts("parent done");
    return 0;
}
