/* Runs a command and writes its wall time, peak memory and CPU time to a file:
 * "<wall_ns> <max_rss_kb> <status> <cpu_us>" (CPU: user plus system).
 *
 *   bench_migrate_measure RESULT_FILE COMMAND [ARGS...]
 *
 * Why a separate, tiny program: Linux carries a process's peak RSS across execve (the old
 * address space's high-water mark is kept in the signal struct), and a child forked or vforked
 * from the benchmark starts with the benchmark's address space, so wait4() would report the
 * benchmark's own peak for any child smaller than it. A grandchild of this small C program
 * inherits only this program's ~1 MB. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char** environ;

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_migrate_measure RESULT_FILE COMMAND [ARGS...]\n");
        return 2;
    }
    struct timespec started;
    struct timespec ended;
    clock_gettime(CLOCK_MONOTONIC, &started);
    pid_t pid = 0;
    int spawned = posix_spawn(&pid, argv[2], NULL, NULL, argv + 2, environ);
    if (spawned != 0) {
        fprintf(stderr, "bench_migrate_measure: cannot start %s (errno %d)\n", argv[2], spawned);
        return 127;
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("bench_migrate_measure: wait4");
            return 127;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &ended);
    long long ns = (long long)(ended.tv_sec - started.tv_sec) * 1000000000LL +
                   (ended.tv_nsec - started.tv_nsec);
    FILE* out = fopen(argv[1], "w");
    if (out == NULL) {
        perror("bench_migrate_measure: result file");
        return 127;
    }
    long long cpu_us = (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL +
                       usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    fprintf(out, "%lld %ld %d %lld\n", ns, usage.ru_maxrss, status, cpu_us);
    fclose(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
