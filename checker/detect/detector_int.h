/*
 * The backends' ops objects: known to detect/ alone. Everything outside reaches a backend through
 * detector_table or detector_find() (detector.h), so the rest of the checker never names one.
 */
#ifndef RACELAB_DETECTOR_INT_H
#define RACELAB_DETECTOR_INT_H

#include "detector.h"

extern const struct detector_ops tsan_detector;
extern const struct detector_ops helgrind_detector;
extern const struct detector_ops lockgraph_detector;
/* No tool: the plain build as it is, for the functional check alone (see plain/plain.c). */
extern const struct detector_ops plain_detector;
/* nvcc and compute-sanitizer: a whole-program backend (see cuda/cuda.h). */
extern const struct detector_ops cuda_detector;

#endif
