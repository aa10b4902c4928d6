/* The link arguments of the schedule-perturbation shim, for the TSan build (perturb.h). */
#include "perturb.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "model/error.h"
#include "model/util.h"
#include "workspace.h"

#define ARCHIVE "libracelab_perturb.a"

/*
 * Every call the shim wraps, in one linker flag. The program's calls of them reach their __wrap_
 * versions, which call the __real_ ones: TSan's interceptors, as the program's calls would have
 * been.
 */
static const char wrap_flags[] =
	"-Wl,--wrap=pthread_create,--wrap=pthread_mutex_lock,--wrap=pthread_mutex_trylock,"
	"--wrap=pthread_mutex_unlock,--wrap=pthread_cond_signal,--wrap=pthread_cond_broadcast,"
	"--wrap=pthread_cond_timedwait,--wrap=pthread_mutex_timedlock,--wrap=sem_timedwait,"
	"--wrap=sem_post,--wrap=pthread_rwlock_rdlock,--wrap=pthread_rwlock_wrlock,"
	"--wrap=pthread_rwlock_tryrdlock,--wrap=pthread_rwlock_trywrlock,"
	"--wrap=pthread_rwlock_unlock,--wrap=pthread_spin_lock,--wrap=pthread_spin_trylock,"
	"--wrap=pthread_spin_unlock";

static pthread_once_t archive_once = PTHREAD_ONCE_INIT;
static char archive[PATH_MAX];

static void archive_search(void)
{
	char dir[PATH_MAX];

	snprintf(archive, sizeof(archive), "%s/" ARCHIVE, exe_dir(dir, sizeof(dir)));
	if (access(archive, R_OK) == 0)
		return;
#ifdef RACELAB_BINARY_DIR
	/* The unit tests run from folders below the build directory. */
	snprintf(archive, sizeof(archive), "%s/" ARCHIVE, RACELAB_BINARY_DIR);
	if (access(archive, R_OK) == 0)
		return;
#endif
	archive[0] = '\0';
}

const char *perturb_archive(void)
{
	pthread_once(&archive_once, archive_search);
	return archive[0] ? archive : NULL;
}

bool perturb_link_args(const char **argv, size_t *n, size_t max, const char *dir, char *path)
{
	const char *a = perturb_archive();
	struct diag d = DIAG_INIT;

	if (!a || *n + 4 >= max)
		return false;
	snprintf(path, PATH_MAX, "%s/" ARCHIVE, dir);
	if (access(path, R_OK) != 0 && copy_file(a, path, 16u << 20, &d) != RL_ERR_OK)
		return false;
	argv[(*n)++] = wrap_flags;
	/*
	 * The whole archive, needed or not: the linker also wraps the references of the shared
	 * libraries linked after it (libomp's pthread_mutex_lock for -fopenmp) and fails when
	 * __wrap_pthread_mutex_lock was left out because the program itself never calls it. At run
	 * time those libraries call TSan's interceptors directly, as before.
	 */
	argv[(*n)++] = "-Wl,--whole-archive";
	argv[(*n)++] = path;
	argv[(*n)++] = "-Wl,--no-whole-archive";
	return true;
}
