/* A loop reuses one pthread_t for every worker and joins only the last one. */
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
    pthread_t t;
    for (int i = 0; i < 4; i++)
        pthread_create(&t, NULL, work, NULL); /* overwrites the previous handle */
    pthread_join(t, NULL);
    usleep(100 * 1000);
    puts("main done");
    return 0;
}
