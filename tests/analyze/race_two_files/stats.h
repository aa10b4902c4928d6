/* A thread-safe running mean: stats_add() may be called from any thread. */
#ifndef STATS_H
#define STATS_H
void stats_add(double x);
double stats_mean(void);
#endif
