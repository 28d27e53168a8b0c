// A bounds-checked ELF reader for one question: which exported symbols live in a section.
// Boost 1.74's library_info answers it from .symtab (absent from stripped plugins), takes the
// wrong string table and trusts every offset, so a truncated file could crash the host; this
// reads .dynsym through its sh_link string table and checks every offset against the file size.
#include "plugin/elf_section_symbols.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace deckhand::plugin {
namespace {

// The file mapped read-only for the duration of one read.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& file) {
        fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) {
            throw std::runtime_error(std::string("cannot be read: ") + std::strerror(errno));
        }
        struct stat info {};
        if (fstat(fd_, &info) != 0) {
            throw std::runtime_error(std::string("cannot be read: ") + std::strerror(errno));
        }
        size_ = static_cast<std::size_t>(info.st_size);
        if (size_ == 0) {
            throw std::runtime_error("is empty");
        }
        void* data = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
        if (data == MAP_FAILED) {
            throw std::runtime_error(std::string("cannot be mapped: ") + std::strerror(errno));
        }
        data_ = static_cast<const unsigned char*>(data);
    }
    ~MappedFile() {
        if (data_ != nullptr) {
            munmap(const_cast<unsigned char*>(data_), size_);
        }
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::size_t size() const { return size_; }

    // A pointer to `count` objects of T at `offset`, or an error if they do not fit in the file.
    template <typename T>
    const T* at(std::uint64_t offset, std::uint64_t count, const char* what) const {
        if (offset > size_ || count > (size_ - offset) / sizeof(T)) {
            throw std::runtime_error(std::string("is truncated or corrupt (its ") + what +
                                     " lies outside the file)");
        }
        return reinterpret_cast<const T*>(data_ + offset);
    }

    // A NUL-terminated string at `offset` inside the table [table_offset, table_offset+table_size).
    std::string string_at(std::uint64_t table_offset, std::uint64_t table_size,
                          std::uint64_t offset) const {
        const char* table = at<char>(table_offset, table_size, "string table");
        if (offset >= table_size) {
            throw std::runtime_error("is corrupt (a symbol name lies outside its table)");
        }
        const void* end = std::memchr(table + offset, '\0', table_size - offset);
        if (end == nullptr) {
            throw std::runtime_error("is corrupt (an unterminated symbol name)");
        }
        return std::string(table + offset, static_cast<const char*>(end));
    }

  private:
    int fd_ = -1;
    const unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace

std::vector<std::string> read_section_symbols(const std::filesystem::path& file,
                                              const std::string& section) {
    MappedFile image(file);
    if (image.size() < EI_NIDENT ||
        std::memcmp(image.at<unsigned char>(0, SELFMAG, "header"), ELFMAG, SELFMAG) != 0) {
        throw std::runtime_error("is not a shared library (no ELF header)");
    }
    const auto* ident = image.at<unsigned char>(0, EI_NIDENT, "header");
    if (ident[EI_CLASS] != ELFCLASS64 || ident[EI_DATA] != ELFDATA2LSB) {
        throw std::runtime_error("is not a 64-bit little-endian library for this machine");
    }
    const auto* header = image.at<Elf64_Ehdr>(0, 1, "ELF header");
    if (header->e_type != ET_DYN) {
        throw std::runtime_error("is not a shared library (ELF type is not ET_DYN)");
    }
#if defined(__x86_64__)
    if (header->e_machine != EM_X86_64) {
        throw std::runtime_error("was built for another processor");
    }
#elif defined(__aarch64__)
    if (header->e_machine != EM_AARCH64)
        throw std::runtime_error("was built for another processor");
#endif
    if (header->e_shentsize != sizeof(Elf64_Shdr)) {
        throw std::runtime_error("is corrupt (odd section header size)");
    }
    const auto* sections = image.at<Elf64_Shdr>(header->e_shoff, header->e_shnum, "section table");
    if (header->e_shstrndx >= header->e_shnum) {
        throw std::runtime_error("is corrupt (no section name table)");
    }
    const Elf64_Shdr& names = sections[header->e_shstrndx];

    std::size_t wanted = 0;
    const Elf64_Shdr* dynsym = nullptr;
    for (std::size_t i = 0; i < header->e_shnum; ++i) {
        if (sections[i].sh_type == SHT_DYNSYM) {
            dynsym = &sections[i];
        }
        if (wanted == 0 &&
            image.string_at(names.sh_offset, names.sh_size, sections[i].sh_name) == section) {
            wanted = i;
        }
    }
    if (wanted == 0 || dynsym == nullptr) {
        return {};
    }
    if (dynsym->sh_link >= header->e_shnum || dynsym->sh_entsize != sizeof(Elf64_Sym)) {
        throw std::runtime_error("is corrupt (bad dynamic symbol table)");
    }
    const Elf64_Shdr& strings = sections[dynsym->sh_link];
    const std::uint64_t count = dynsym->sh_size / sizeof(Elf64_Sym);
    const auto* symbols = image.at<Elf64_Sym>(dynsym->sh_offset, count, "dynamic symbol table");
    std::vector<std::string> found;
    for (std::uint64_t i = 0; i < count; ++i) {
        const Elf64_Sym& symbol = symbols[i];
        if (symbol.st_shndx != wanted || ELF64_ST_BIND(symbol.st_info) == STB_LOCAL) {
            continue;
        }
        if (ELF64_ST_VISIBILITY(symbol.st_other) != STV_DEFAULT) {
            continue;
        }
        std::string name = image.string_at(strings.sh_offset, strings.sh_size, symbol.st_name);
        if (!name.empty()) {
            found.push_back(std::move(name));
        }
    }
    return found;
}

}  // namespace deckhand::plugin
