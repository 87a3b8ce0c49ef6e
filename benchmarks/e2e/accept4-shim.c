/*
 * A measuring aid, never part of the proxy: preloaded into the Tether proxy's JVM
 * (cpu-per-request.sh --accept4-shim), it makes the JDK's accept path cost what HAProxy's costs, so
 * that a run can tell how much of the one-shot loads' gap is that path and how much is Tether's.
 *
 * The JDK (17 to 25) accepts with accept(2), then sets the new socket blocking (one fcntl F_GETFL),
 * reads its local address (two getsockname), and the caller sets it non-blocking for a selector (one
 * F_GETFL, one F_SETFL): five system calls that accept4(SOCK_NONBLOCK) does without. No public JDK
 * API avoids them. Here:
 *   - accept becomes accept4(SOCK_NONBLOCK), and the socket is remembered as "shimmed";
 *   - F_GETFL on a shimmed socket answers the flags the JDK believes it set, and F_SETFL makes the
 *     call only when O_NONBLOCK really changes (never, on the JDK's path);
 *   - getsockname on a shimmed socket answers its listener's address (right for a listener bound to
 *     one address, as every e2e script binds 127.0.0.1; not for a wildcard address).
 * A descriptor stops being shimmed when closed or reused (close, dup2, socket, accept).
 *
 * Thread safety: a descriptor's entries are written by the thread that accepts it and read by the
 * loop that drives it, after the JDK's own hand-over (a lock or a queue) between the two.
 *
 * Build: gcc -O2 -shared -fPIC -o libaccept4shim.so accept4-shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD 65536

static unsigned char shimmed[MAX_FD];      /* accepted here, and its listener's address is known */
static int shown_flags[MAX_FD];            /* the file status flags the JDK believes the socket has */
static int real_flags[MAX_FD];             /* the flags it has */
static int listener_of[MAX_FD];
static unsigned char listener_known[MAX_FD];
static struct sockaddr_storage listener_addr[MAX_FD];
static socklen_t listener_len[MAX_FD];

static int (*real_fcntl)(int, int, ...);
static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
static int (*real_close)(int);
static int (*real_dup2)(int, int);
static int (*real_socket)(int, int, int);

__attribute__((constructor)) static void init(void) {
    real_fcntl = dlsym(RTLD_NEXT, "fcntl");
    real_getsockname = dlsym(RTLD_NEXT, "getsockname");
    real_close = dlsym(RTLD_NEXT, "close");
    real_dup2 = dlsym(RTLD_NEXT, "dup2");
    real_socket = dlsym(RTLD_NEXT, "socket");
}

static int in_range(int fd) {
    return fd >= 0 && fd < MAX_FD;
}

static void forget(int fd) {
    if (in_range(fd)) {
        shimmed[fd] = 0;
        listener_known[fd] = 0;
    }
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
    int s = accept4(fd, addr, len, SOCK_NONBLOCK);
    if (s < 0 || !in_range(s) || !in_range(fd)) {
        return s;
    }
    forget(s);
    if (!listener_known[fd]) {
        listener_len[fd] = sizeof listener_addr[fd];
        listener_known[fd] = real_getsockname(fd, (struct sockaddr *) &listener_addr[fd], &listener_len[fd]) == 0;
    }
    if (listener_known[fd]) {
        listener_of[s] = fd;
        real_flags[s] = O_RDWR | O_NONBLOCK;
        shown_flags[s] = O_RDWR; /* what accept(2) gives: a blocking socket */
        shimmed[s] = 1;
    }
    return s;
}

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long); /* unused by F_GETFL and the like, which take none */
    va_end(ap);
    if (in_range(fd) && shimmed[fd]) {
        if (cmd == F_GETFL) {
            return shown_flags[fd];
        }
        if (cmd == F_SETFL) {
            shown_flags[fd] = (int) arg;
            if (((int) arg & O_NONBLOCK) == (real_flags[fd] & O_NONBLOCK)) {
                return 0;
            }
            real_flags[fd] = (int) arg;
        }
    }
    return real_fcntl(fd, cmd, arg);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len) {
    if (in_range(fd) && shimmed[fd]) {
        int l = listener_of[fd];
        memcpy(addr, &listener_addr[l], *len < listener_len[l] ? *len : listener_len[l]);
        *len = listener_len[l];
        return 0;
    }
    return real_getsockname(fd, addr, len);
}

int close(int fd) {
    forget(fd);
    return real_close(fd);
}

int dup2(int from, int to) {
    forget(to);
    return real_dup2(from, to);
}

int socket(int domain, int type, int protocol) {
    int s = real_socket(domain, type, protocol);
    forget(s);
    return s;
}
