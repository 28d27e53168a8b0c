// Damaged libraries as a user meets them: a plugin or a plugin's private library cut short
// (inside the ELF header, the program headers, a loaded segment, the section table) or replaced by
// garbage is refused in one sentence naming the file, exit 2, never a crash inside dlopen, and
// `doctor` reports it as a failed check instead of dying with it.
#include <elf.h>

#include <cstring>
#include <fstream>
#include <random>

#include "e2e_fixture.hpp"

namespace fs = std::filesystem;
using deckhand::test::expect_refusal;
using deckhand::test::InstalledDeckhand;
using deckhand::test::shown;
using deckhand::test::unreachable_postgres;
using testing::HasSubstr;
using testing::Not;

namespace {

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

struct Damage {
    std::string what;
    std::string bytes;
};

// The library cut at the places the loader reads, and two kinds of garbage.
std::vector<Damage> damaged_copies(const std::string& image) {
    Elf64_Ehdr header{};
    std::memcpy(&header, image.data(), sizeof header);
    std::uint64_t segment_middle = 0;
    for (std::size_t i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr segment{};
        std::memcpy(&segment, image.data() + header.e_phoff + i * sizeof segment, sizeof segment);
        if (segment.p_type == PT_LOAD && segment.p_filesz > 0) {
            segment_middle = segment.p_offset + segment.p_filesz / 2;  // the last one wins
        }
    }
    std::mt19937 random(20261124);
    std::string noise(std::size_t{64} * 1024, '\0');
    for (auto& byte : noise) {
        byte = static_cast<char>(random() & 0xFF);
    }
    auto cut = [&](std::uint64_t size) { return image.substr(0, size); };
    return {
        {"empty", ""},
        {"cut inside the ELF identification", cut(10)},
        {"cut inside the ELF header", cut(40)},
        {"cut inside the program headers", cut(header.e_phoff + sizeof(Elf64_Phdr) * 3 / 2)},
        {"cut inside a loaded segment", cut(segment_middle)},
        {"cut inside the section table",
         cut(header.e_shoff + std::uint64_t{header.e_shnum} * sizeof(Elf64_Shdr) / 2)},
        {"ELF magic and noise", image.substr(0, 4) + noise},
        {"noise", noise},
    };
}

}  // namespace

class DamagedLibrariesEndToEnd : public InstalledDeckhand {
  protected:
    DamagedLibrariesEndToEnd() {
        add_test_plugin("greeter");
        copy_ = copy_installation();
        work().write("kubeconfig", "apiVersion: v1\nkind: Config\n");
    }

    // Runs every damaged copy of `library` (inside the copied installation) with `args`.
    void expect_each_damage_refused(const fs::path& library, const std::vector<std::string>& args) {
        const std::string image = deckhand::test::read_file(library);
        for (const auto& damage : damaged_copies(image)) {
            write_bytes(library, damage.bytes);
            auto result = deckhand(args, {}, binary(copy_));
            SCOPED_TRACE(damage.what);
            expect_refusal(result, library, library.string());
            EXPECT_LT(result.exit_code, 128) << shown(result);
        }
        write_bytes(library, image);
    }

    fs::path copy_;
};

TEST_F(DamagedLibrariesEndToEnd, ADamagedDriverLibraryIsRefusedByNameNeverACrash) {
    expect_each_damage_refused(installed_plugins(copy_) / "postgres.d" / "postgres_driver.so",
                               {"greet", "--open", "--database-url", unreachable_postgres});
}

TEST_F(DamagedLibrariesEndToEnd, ADamagedClientLibraryIsRefusedByNameNeverACrash) {
    expect_each_damage_refused(installed_plugins(copy_) / "kubernetes.d" / "kubernetes_client.so",
                               {"wait-for-job", "migrate", "--timeout", "1s", "--kubeconfig",
                                (work().path() / "kubeconfig").string()});
}

TEST_F(DamagedLibrariesEndToEnd, DoctorReportsADamagedDriverLibraryAsAFailedCheck) {
    const auto library = installed_plugins(copy_) / "postgres.d" / "postgres_driver.so";
    const std::string image = deckhand::test::read_file(library);
    for (const auto& damage : damaged_copies(image)) {
        write_bytes(library, damage.bytes);
        auto result =
            deckhand({"doctor", "--database-url", unreachable_postgres}, {}, binary(copy_));
        SCOPED_TRACE(damage.what);
        EXPECT_EQ(result.exit_code, 1) << shown(result);
        EXPECT_THAT(result.out, HasSubstr(library.string())) << shown(result);
        EXPECT_THAT(result.out + result.err, Not(HasSubstr("s3cret")));
    }
}

TEST_F(DamagedLibrariesEndToEnd, ADamagedPluginIsNamedInAWarningAndTheRestWorks) {
    const auto plugin = installed_plugins(copy_) / "migrate.so";
    const std::string image = deckhand::test::read_file(plugin);
    for (const auto& damage : damaged_copies(image)) {
        write_bytes(plugin, damage.bytes);
        auto result = deckhand({"greet"}, {}, binary(copy_));
        SCOPED_TRACE(damage.what);
        EXPECT_EQ(result.exit_code, 0) << shown(result);
        EXPECT_EQ(deckhand::test::lines_with(result.err, plugin.string()).size(), 1u)
            << shown(result);
        auto migrate = deckhand({"migrate"}, {}, binary(copy_));
        EXPECT_EQ(migrate.exit_code, 2) << shown(migrate);
    }
}
