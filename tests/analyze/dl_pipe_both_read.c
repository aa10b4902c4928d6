/* Parent and child each wait to read the other's greeting before sending their own: both block in
 * read() for ever, a deadlock through two processes and two pipes. */
/* expect: fail deadlock */
/* class: deadlock */
/* timeout: 5 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int to_child[2], to_parent[2];
    char c;
    if (pipe(to_child) || pipe(to_parent))
        return 2;
    pid_t pid = fork();
    if (pid == 0) {
        if (read(to_child[0], &c, 1) != 1) /* waits for the parent's hello */
            _exit(1);
        _exit(write(to_parent[1], "h", 1) == 1 ? 0 : 1);
    }
    if (read(to_parent[0], &c, 1) != 1) /* waits for the child's hello */
        return 1;
    if (write(to_child[1], "h", 1) != 1)
        return 1;
    waitpid(pid, NULL, 0);
    puts("greeted");
    return 0;
}
