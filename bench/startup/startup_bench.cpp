// Times whole commands from fork to exit, interleaving them round by round (so that a machine
// whose speed drifts by ±30% from minute to minute affects every side alike), and prints the
// median of each with its ratio to the first, the baseline, as a Markdown table.
//
//   startup_bench [--runs N] [--warmup N] 'label=command args' ...
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Subject {
    std::string label;
    std::vector<std::string> argv;
    std::vector<double> millis;
};

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

double run_once(const Subject& subject) {
    std::vector<char*> argv;
    for (const auto& word : subject.argv) {
        argv.push_back(const_cast<char*>(word.c_str()));
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    auto started = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", argv[0]);
        std::exit(2);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    auto elapsed = std::chrono::steady_clock::now() - started;
    posix_spawn_file_actions_destroy(&actions);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "%s exited with status %d\n", subject.label.c_str(),
                     WEXITSTATUS(status));
        std::exit(1);
    }
    return std::chrono::duration<double, std::milli>(elapsed).count();
}

double percentile(std::vector<double> values, double fraction) {
    std::sort(values.begin(), values.end());
    double position = fraction * static_cast<double>(values.size() - 1);
    auto low = static_cast<std::size_t>(position);
    auto high = std::min(low + 1, values.size() - 1);
    return values[low] + (values[high] - values[low]) * (position - static_cast<double>(low));
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 20;
    int warmup = 3;
    std::vector<Subject> subjects;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--warmup" && i + 1 < argc) {
            warmup = std::atoi(argv[++i]);
        } else if (auto eq = arg.find('='); eq != std::string::npos) {
            subjects.push_back({arg.substr(0, eq), split_words(arg.substr(eq + 1)), {}});
        } else {
            std::fprintf(stderr,
                         "usage: startup_bench [--runs N] [--warmup N] 'label=command args' ...\n");
            return 2;
        }
    }
    if (subjects.empty() || runs < 1) {
        return 2;
    }
    for (int round = 0; round < warmup; ++round) {
        for (auto& subject : subjects) {
            run_once(subject);
        }
    }
    for (int round = 0; round < runs; ++round) {
        for (auto& subject : subjects) {
            subject.millis.push_back(run_once(subject));
        }
    }
    const double baseline = percentile(subjects.front().millis, 0.5);
    std::printf("| command | median ms | p10 ms | p90 ms | vs %s |\n|---|---:|---:|---:|---:|\n",
                subjects.front().label.c_str());
    for (const auto& subject : subjects) {
        double median = percentile(subject.millis, 0.5);
        std::printf("| %s | %.2f | %.2f | %.2f | %.2fx |\n", subject.label.c_str(), median,
                    percentile(subject.millis, 0.1), percentile(subject.millis, 0.9),
                    median / baseline);
    }
    return 0;
}
