// A plugin's private library: the part of a plugin that needs a heavy client library (libpq,
// libcurl), built as a shared library of its own that the plugin opens only when a run needs it.
// Loading a plugin loads everything it links, and `help`, `version` and `plugins` load every
// plugin, so a plugin that links libpq directly makes every start-up pay for libpq, libssl,
// Kerberos and LDAP. The private library sits in `<plugin folder>/<plugin>.d/`, which the host
// does not scan for plugins, and is checked like a plugin before any of its code runs.
//
//   // in the private library (both sides include one header declaring the Entry struct):
//   struct Entry { deckhand::PrivateLibraryStamp stamp; int (*work)(int); };
//   DECKHAND_PRIVATE_LIBRARY_ENTRY(deckhand_my_plugin_client_1) {
//       static const Entry entry{DECKHAND_PRIVATE_LIBRARY_STAMP("1.0.0"), &work};
//       return &entry.stamp;
//   }
//
//   // in the plugin, created at registration and held by what it registers:
//   auto client = std::make_shared<deckhand::LazyPrivateLibrary<Entry>>(
//       folder / "my-plugin.d" / "client.so", "deckhand_my_plugin_client_1",
//       DECKHAND_PRIVATE_LIBRARY_STAMP("1.0.0"));
//   ... client->open()->work(42) ...   // the first call opens the library
#pragma once

#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "deckhand/export.hpp"
#include "deckhand/plugin.hpp"

namespace deckhand {

// What a private library's entry point answers first: which build it belongs to. C++ types cross
// between a plugin and its private library, so the two must come from one build; a stale file
// left from another version is refused by name instead of crashing.
struct PrivateLibraryStamp {
    std::uint32_t api_major;
    std::uint32_t api_minor;
    const char* abi_tag;  // compiler, standard library, C++ standard, Boost
    const char* version;  // the plugin's version
};

}  // namespace deckhand

// The stamp of the code being compiled, for both sides of the boundary.
#define DECKHAND_PRIVATE_LIBRARY_STAMP(VERSION)                                               \
    ::deckhand::PrivateLibraryStamp {                                                         \
        ::deckhand::plugin_api_major, ::deckhand::plugin_api_minor, DECKHAND_ABI_TAG, VERSION \
    }

// Defines the private library's entry point: a C-linkage function, exported despite hidden
// visibility, that returns the stamp which is the first member of the library's Entry struct.
// Give the symbol a version suffix and change it when the Entry struct changes.
#define DECKHAND_PRIVATE_LIBRARY_ENTRY(SYMBOL)                                               \
    extern "C" __attribute__((visibility("default"))) const ::deckhand::PrivateLibraryStamp* \
    SYMBOL()

namespace deckhand {

// One opened private library. Opening checks the file as the host checks plugins (it and every
// folder on its resolved path owned by root or the running user and writable by nobody else; an
// ELF layout whose segments and sections lie inside the file, so that a truncated file is refused
// instead of crashing dlopen), loads it (RTLD_NOW | RTLD_LOCAL), calls the entry point and
// compares its stamp with the plugin's. Every failure is a ConfigError of one sentence naming the
// file: missing, untrusted, damaged, not loadable (with the loader's reason, such as a missing
// libpq), without the entry point, or from another build.
class DECKHAND_API PrivateLibrary {
  public:
    PrivateLibrary(std::filesystem::path file, const std::string& entry_symbol,
                   const PrivateLibraryStamp& expected);
    ~PrivateLibrary();
    PrivateLibrary(const PrivateLibrary&) = delete;
    PrivateLibrary& operator=(const PrivateLibrary&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // The entry point's answer; the first member of the library's Entry struct.
    const PrivateLibraryStamp& stamp() const { return *stamp_; }

  private:
    std::filesystem::path path_;
    boost::dll::shared_library library_;
    const PrivateLibraryStamp* stamp_ = nullptr;
};

// A private library that is opened on first use and stays open for as long as this holder or any
// pointer that open() returned lives: hold what the library made together with such a pointer,
// declared before it, so that the library's code outlives every object of its own.
//
// `Entry` is a standard-layout struct whose first member is `PrivateLibraryStamp stamp`, followed
// by the library's function pointers.
template <class Entry>
class LazyPrivateLibrary {
    static_assert(std::is_standard_layout_v<Entry>, "the Entry struct must be standard-layout");
    static_assert(std::is_same_v<decltype(Entry::stamp), PrivateLibraryStamp>,
                  "the Entry struct starts with a PrivateLibraryStamp named stamp");

  public:
    LazyPrivateLibrary(std::filesystem::path file, std::string entry_symbol,
                       PrivateLibraryStamp expected)
        : file_(std::move(file)), entry_symbol_(std::move(entry_symbol)), expected_(expected) {}

    const std::filesystem::path& path() const { return file_; }

    // The library's entry, opening the library first if it is not open yet. Throws ConfigError
    // (see PrivateLibrary) and tries again on the next call.
    std::shared_ptr<const Entry> open() {
        std::lock_guard lock(mutex_);
        if (!library_) {
            library_ = std::make_shared<const PrivateLibrary>(file_, entry_symbol_, expected_);
        }
        static_assert(offsetof(Entry, stamp) == 0);
        // The stamp is the first member of a standard-layout Entry, so the two share an address.
        const auto* entry = reinterpret_cast<const Entry*>(&library_->stamp());
        // Shares ownership of the library while pointing at its entry.
        return std::shared_ptr<const Entry>(library_, entry);
    }

  private:
    std::filesystem::path file_;
    std::string entry_symbol_;
    PrivateLibraryStamp expected_;
    std::mutex mutex_;
    std::shared_ptr<const PrivateLibrary> library_;
};

}  // namespace deckhand
