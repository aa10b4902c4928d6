/* Workers are started and finish, but main neither joins nor detaches them. */
/* expect: warn thread-leak */
/* A thread never joined is a warning in racelab's contract (design.md: shown, not failing, unless
 * a manifest makes it fail): the process's exit reclaims it, and analyze has no manifest. */
/* class: thread-leak */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg)
{
    (void)arg;
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, work, NULL);
    usleep(200 * 1000); /* they are done by now, and never reaped */
    puts("main done");
    return 0;
}
