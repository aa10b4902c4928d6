/* A multithreaded program forks a child that starts a worker thread of its own: correct code. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg)
{
    (void)arg;
    usleep(200 * 1000);
    return NULL;
}

static void *work(void *arg)
{
    (void)arg;
    return NULL;
}

int main(void)
{
    pthread_t t, w;
    int status = 0;
    pthread_create(&t, NULL, idle, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (pthread_create(&w, NULL, work, NULL))
            _exit(3);
        pthread_join(w, NULL);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    pthread_join(t, NULL);
    printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
