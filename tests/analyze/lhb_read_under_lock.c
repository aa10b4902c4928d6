/* A worker holds the job lock across a blocking read() of a pipe that is written only later,
 * while another thread queues for the same lock. */
/* expect: fail lock-held-blocking */
/* class: lock-held-blocking */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t jobs = PTHREAD_MUTEX_INITIALIZER;
static int fds[2];
static int done;

static void *reader(void *arg)
{
    (void)arg;
    char c;
    pthread_mutex_lock(&jobs);
    ssize_t n = read(fds[0], &c, 1); /* blocks with the lock held */
    done += (int)n;
    pthread_mutex_unlock(&jobs);
    return NULL;
}

static void *counter(void *arg)
{
    (void)arg;
    usleep(20 * 1000);
    pthread_mutex_lock(&jobs); /* queued behind the read */
    done++;
    pthread_mutex_unlock(&jobs);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    if (pipe(fds))
        return 2;
    pthread_create(&a, NULL, reader, NULL);
    pthread_create(&b, NULL, counter, NULL);
    usleep(400 * 1000);
    if (write(fds[1], "x", 1) != 1)
        return 2;
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("done %d\n", done);
    return 0;
}
