/* Hostile: rewrite the grader. Truncate every .bats file of harness/ and the rubric of
 * the checkout it is graded from, and drop a file into the checkout. The
 * checkout, the harness and the results must be out of the lab's reach (as
 * root: root's files, the lab runs as another uid; as a normal user: mounted
 * read-only in the lab's namespaces). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void clobber(const char *path)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);
    if (fd != -1) {
        if (write(fd, "# pwned\n", 8) == -1)
            perror(path);
        close(fd);
    }
}

int main(void)
{
    const char *root = getenv("PROCLAB_ROOT");
    if (root == NULL)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/harness", root);
    DIR *dir = opendir(path);
    struct dirent *entry;
    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n > 5 && strcmp(entry->d_name + n - 5, ".bats") == 0) {
            snprintf(path, sizeof path, "%s/harness/%s", root, entry->d_name);
            clobber(path);
        }
    }
    if (dir != NULL)
        closedir(dir);
    snprintf(path, sizeof path, "%s/harness/rubric", root);
    clobber(path);
    snprintf(path, sizeof path, "%s/tampered", root);
    clobber(path);
    return 0;
}
