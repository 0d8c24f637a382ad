//===- ProcessPool.cpp - Run test cases in forked children ----------------===//
//
// A poll() loop over two pipes per child (result channel, and stdout+stderr)
// with a deadline per child. Children run in their own process group so that
// a timeout also kills anything they started.
//
//===----------------------------------------------------------------------===//

#include "ProcessPool.h"

#include "llvm/Support/FormatVariadic.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kiln::e2e {

namespace {

/// Bytes of a child's log kept for the report; the rest is dropped.
constexpr size_t kMaxLogBytes = 8192;

double monotonicSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

struct Running {
  size_t index = 0;
  pid_t pid = -1;
  int resultFd = -1;
  int logFd = -1;
  double start = 0;
  ChildOutcome outcome;
};

/// Reads what is available on `fd` into `into` (up to `cap` bytes kept);
/// closes the descriptor and sets it to -1 at end of file.
void drain(int &fd, std::string &into, size_t cap) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) {
      if (into.size() < cap)
        into.append(buf, std::min<size_t>(n, cap - into.size()));
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    close(fd); // end of file, or an error: nothing more will come
    fd = -1;
    return;
  }
}

[[noreturn]] void childEntry(size_t index, int resultFd, int logFd,
                             const ChildLimits &limits,
                             llvm::function_ref<void(size_t, int)> childMain) {
  setpgid(0, 0);
  dup2(logFd, STDOUT_FILENO);
  dup2(logFd, STDERR_FILENO);
  close(logFd);
  // A crashing model must not leave core files behind in CI.
  struct rlimit noCore = {0, 0};
  setrlimit(RLIMIT_CORE, &noCore);
  if (limits.addressSpaceBytes) {
    struct rlimit as = {limits.addressSpaceBytes, limits.addressSpaceBytes};
    setrlimit(RLIMIT_AS, &as);
  }
  childMain(index, resultFd);
  fflush(stdout);
  fflush(stderr);
  // _exit: the parent's atexit handlers and static destructors belong to the
  // parent.
  _exit(0);
}

} // namespace

std::string ChildOutcome::describe(double timeoutSeconds) const {
  switch (kind) {
  case Kind::Exited:
    return "exit code " + std::to_string(code);
  case Kind::Signaled:
    return llvm::formatv("signal {0} ({1})", code, strsignal(code)).str();
  case Kind::TimedOut:
    return llvm::formatv("timeout after {0} s", timeoutSeconds).str();
  }
  return "unknown";
}

bool writeResult(int resultFd, llvm::StringRef text) {
  const char *p = text.data();
  size_t left = text.size();
  while (left) {
    ssize_t n = write(resultFd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    left -= n;
  }
  return true;
}

void runForked(size_t count, unsigned jobs, const ChildLimits &limits,
               llvm::function_ref<void(size_t, int)> childMain,
               llvm::function_ref<void(size_t, const ChildOutcome &)> onDone) {
  if (jobs == 0)
    jobs = 1;
  std::vector<Running> running;
  size_t next = 0;
  while (next < count || !running.empty()) {
    while (running.size() < jobs && next < count) {
      int resultPipe[2], logPipe[2];
      if (pipe2(resultPipe, O_CLOEXEC) != 0 || pipe2(logPipe, O_CLOEXEC) != 0) {
        perror("kiln e2e: pipe2");
        std::exit(2);
      }
      fflush(stdout);
      fflush(stderr);
      pid_t pid = fork();
      if (pid < 0) {
        perror("kiln e2e: fork");
        std::exit(2);
      }
      if (pid == 0) {
        close(resultPipe[0]);
        close(logPipe[0]);
        childEntry(next, resultPipe[1], logPipe[1], limits, childMain);
      }
      close(resultPipe[1]);
      close(logPipe[1]);
      fcntl(resultPipe[0], F_SETFL, O_NONBLOCK);
      fcntl(logPipe[0], F_SETFL, O_NONBLOCK);
      Running r;
      r.index = next++;
      r.pid = pid;
      r.resultFd = resultPipe[0];
      r.logFd = logPipe[0];
      r.start = monotonicSeconds();
      running.push_back(std::move(r));
    }

    std::vector<pollfd> fds;
    for (Running &r : running) {
      if (r.resultFd >= 0)
        fds.push_back({r.resultFd, POLLIN, 0});
      if (r.logFd >= 0)
        fds.push_back({r.logFd, POLLIN, 0});
    }
    // Wake up at least every 50 ms to reap children and enforce deadlines.
    if (poll(fds.data(), fds.size(), 50) < 0 && errno != EINTR) {
      perror("kiln e2e: poll");
      std::exit(2);
    }

    double now = monotonicSeconds();
    for (size_t i = 0; i < running.size();) {
      Running &r = running[i];
      if (r.resultFd >= 0)
        drain(r.resultFd, r.outcome.result, SIZE_MAX);
      if (r.logFd >= 0)
        drain(r.logFd, r.outcome.log, kMaxLogBytes);
      int status = 0;
      pid_t waited = waitpid(r.pid, &status, WNOHANG);
      bool finished = waited == r.pid;
      if (!finished && now - r.start > limits.timeoutSeconds) {
        // Not reaped yet, so the pid and its group are still this child's.
        kill(-r.pid, SIGKILL);
        kill(r.pid, SIGKILL);
        waitpid(r.pid, &status, 0);
        r.outcome.kind = ChildOutcome::Kind::TimedOut;
        finished = true;
      } else if (finished) {
        // Collect what the child wrote just before exiting.
        if (r.resultFd >= 0)
          drain(r.resultFd, r.outcome.result, SIZE_MAX);
        if (r.logFd >= 0)
          drain(r.logFd, r.outcome.log, kMaxLogBytes);
        if (WIFSIGNALED(status)) {
          r.outcome.kind = ChildOutcome::Kind::Signaled;
          r.outcome.code = WTERMSIG(status);
        } else {
          r.outcome.kind = ChildOutcome::Kind::Exited;
          r.outcome.code = WEXITSTATUS(status);
        }
      }
      if (!finished) {
        ++i;
        continue;
      }
      if (r.resultFd >= 0)
        close(r.resultFd);
      if (r.logFd >= 0)
        close(r.logFd);
      r.outcome.millis = (monotonicSeconds() - r.start) * 1000;
      ChildOutcome outcome = std::move(r.outcome);
      size_t index = r.index;
      running.erase(running.begin() + i);
      onDone(index, outcome);
    }
  }
}

} // namespace kiln::e2e
