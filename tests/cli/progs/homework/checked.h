/* Wrappers that stop the program on any pthread error, as homework folders often share. */
#ifndef CHECKED_H
#define CHECKED_H
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                            \
    do {                                                                       \
        if ((call) != 0) {                                                     \
            fprintf(stderr, "%s failed\n", #call);                             \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

void spawn_two(void *(*fn)(void *), void *arg);
int rounds(void);
#endif
