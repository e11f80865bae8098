#include "server/checks/checker_seccomp.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <sched.h>
#include <seccomp.h>
#include <stdexcept>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

namespace craftmark::checks {

namespace {

// A deny list, not an allow list: checkers are written in whatever the task's author uses
// (shell, Python, a compiler, a CAD converter), and an allow list would break them one
// interpreter upgrade at a time. What is refused here reaches past the walls bubblewrap builds
// (namespaces, mounts) or into the kernel's shared state.
constexpr char const* refused_calls[] = {
    // other processes' memory and tracing
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    // the file-system view and namespaces
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "open_by_handle_at",
    "name_to_handle_at", "fanotify_init",
    // the kernel's shared interfaces
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "keyctl", "add_key", "request_key", "init_module", "finit_module",
    "delete_module", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "acct",
    "quotactl", "syslog", "iopl", "ioperm", "lookup_dcookie", "uselib", "vhangup",
    // the clock
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex"};

struct filter_release {
    void operator()(void* ctx) const { seccomp_release(ctx); }
};

void check(int rc, char const* what) {
    if (rc < 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(-rc));
}

} // namespace

int checker_seccomp_filter() {
    std::unique_ptr<void, filter_release> ctx(seccomp_init(SCMP_ACT_ALLOW));
    if (!ctx) throw std::runtime_error("cannot start a seccomp filter");
    // Calls from a foreign ABI (32-bit x86 on x86-64) are killed: libseccomp's default for an
    // architecture the filter was not built for.
    for (auto name : refused_calls) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) continue; // not a call on this architecture or kernel
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 0), name);
    }
    // Sockets only between processes of the check; the network namespace is empty as well,
    // this says so early and plainly ("Address family not supported").
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
                           SCMP_A0(SCMP_CMP_NE, AF_UNIX)),
          "socket");
    // A checker may fork and start threads, not make new namespaces.
    for (scmp_datum_t flag : {CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
                              CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET})
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)),
              "clone");
    // clone3 passes its flags in memory a filter cannot read: "not implemented" makes the C
    // library fall back to clone, which the rules above see.
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
    // Typing into the terminal of whoever started the server (bubblewrap's --new-session too).
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                           SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, TIOCSTI)),
          "ioctl");
    int fd = memfd_create("craftmark-seccomp", 0); // inherited by bubblewrap
    if (fd < 0) throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
    check(seccomp_export_bpf(ctx.get(), fd), "cannot write the seccomp filter");
    if (lseek(fd, 0, SEEK_SET) != 0)
        throw std::runtime_error(std::string("lseek: ") + std::strerror(errno));
    return fd;
}

} // namespace craftmark::checks
