/* The floor of looking at every script of a folder once: list it, then open, read and close each
 * file, on one thread, with nothing else (no parsing, no checksum, no database).
 *
 *   bench_migrate_read_folder DIR
 *
 * Prints the number of files and bytes read, so that the work cannot be skipped. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: bench_migrate_read_folder DIR\n");
        return 2;
    }
    DIR* dir = opendir(argv[1]);
    if (dir == NULL) {
        perror(argv[1]);
        return 1;
    }
    static char buffer[16 * 1024];
    long files = 0;
    long long bytes = 0;
    const struct dirent* entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        int fd = openat(dirfd(dir), entry->d_name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            perror(entry->d_name);
            return 1;
        }
        ssize_t got;
        while ((got = read(fd, buffer, sizeof buffer)) > 0) {
            bytes += got;
            if ((size_t)got < sizeof buffer) {
                break; /* a short read of a regular file is its end */
            }
        }
        close(fd);
        ++files;
    }
    closedir(dir);
    printf("%ld files, %lld bytes\n", files, bytes);
    return 0;
}
