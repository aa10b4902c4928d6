/* Checked wrappers for the pthread calls the program makes, as textbook homework ships them. */
#ifndef COMMON_H
#define COMMON_H
#include <assert.h>
#include <pthread.h>

#define Pthread_create(t, a, f, x) assert(pthread_create(t, a, f, x) == 0)
#define Pthread_join(t, r) assert(pthread_join(t, r) == 0)
#define Mutex_lock(m) assert(pthread_mutex_lock(m) == 0)
#define Mutex_unlock(m) assert(pthread_mutex_unlock(m) == 0)
#endif
