// The layout checks of ElfImage: everything dlopen will map or read must be inside the file.
#include "plugin/elf_image.hpp"

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

[[noreturn]] void corrupt(const std::string& why) {
    throw std::runtime_error("is truncated or corrupt (" + why + ")");
}

}  // namespace

ElfImage::ElfImage(const std::filesystem::path& file) {
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw std::runtime_error(std::string("cannot be read: ") + std::strerror(errno));
    }
    struct stat info {};
    if (fstat(fd_, &info) != 0) {
        const int error = errno;
        ::close(fd_);
        throw std::runtime_error(std::string("cannot be read: ") + std::strerror(error));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd_);
        throw std::runtime_error("is not a regular file");
    }
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ == 0) {
        ::close(fd_);
        throw std::runtime_error("is empty");
    }
    void* data = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (data == MAP_FAILED) {
        const int error = errno;
        ::close(fd_);
        throw std::runtime_error(std::string("cannot be mapped: ") + std::strerror(error));
    }
    data_ = static_cast<const unsigned char*>(data);
    try {
        check_layout();
    } catch (...) {
        munmap(const_cast<unsigned char*>(data_), size_);
        ::close(fd_);
        throw;
    }
}

ElfImage::~ElfImage() {
    munmap(const_cast<unsigned char*>(data_), size_);
    ::close(fd_);
}

void ElfImage::check_fits(std::uint64_t offset, std::uint64_t count, std::size_t item_size,
                          std::string_view what) const {
    if (offset > size_ || count > (size_ - offset) / item_size) {
        corrupt("its " + std::string(what) + " lies outside the file");
    }
}

std::string ElfImage::string_at(std::uint64_t table_offset, std::uint64_t table_size,
                                std::uint64_t offset) const {
    const char* table = at<char>(table_offset, table_size, "string table");
    if (offset >= table_size) {
        corrupt("a symbol name lies outside its table");
    }
    const void* end = std::memchr(table + offset, '\0', table_size - offset);
    if (end == nullptr) {
        corrupt("an unterminated symbol name");
    }
    return std::string(table + offset, static_cast<const char*>(end));
}

void ElfImage::check_layout() const {
    if (size_ < SELFMAG || std::memcmp(data_, ELFMAG, SELFMAG) != 0) {
        throw std::runtime_error("is not a shared library (no ELF header)");
    }
    if (size_ < sizeof(Elf64_Ehdr)) {
        corrupt("its ELF header is cut short");
    }
    const auto* header = at<Elf64_Ehdr>(0, 1, "ELF header");
    if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB) {
        throw std::runtime_error("is not a 64-bit little-endian library for this machine");
    }
    if (header->e_type != ET_DYN) {
        throw std::runtime_error("is not a shared library (ELF type is not ET_DYN)");
    }
#if defined(__x86_64__)
    if (header->e_machine != EM_X86_64) {
        throw std::runtime_error("was built for another processor");
    }
#elif defined(__aarch64__)
    if (header->e_machine != EM_AARCH64) {
        throw std::runtime_error("was built for another processor");
    }
#endif

    // What dlopen maps: the program headers and every segment's bytes in the file.
    if (header->e_phnum == 0 || header->e_phentsize != sizeof(Elf64_Phdr)) {
        corrupt("it has no usable program headers");
    }
    const auto* segments = at<Elf64_Phdr>(header->e_phoff, header->e_phnum, "program header table");
    for (std::size_t i = 0; i < header->e_phnum; ++i) {
        const Elf64_Phdr& segment = segments[i];
        if (segment.p_type == PT_LOAD && segment.p_filesz > segment.p_memsz) {
            corrupt("its segment " + std::to_string(i) + " is larger in the file than in memory");
        }
        if (segment.p_filesz > 0 &&
            (segment.p_offset > size_ || segment.p_filesz > size_ - segment.p_offset)) {
            corrupt("its segment " + std::to_string(i) + " ends past the end of the file, which " +
                    "has " + std::to_string(size_) + " bytes");
        }
    }

    // What deckhand reads: the section table and the sections' bytes.
    if (header->e_shoff == 0 && header->e_shnum == 0) {
        return;
    }
    if (header->e_shentsize != sizeof(Elf64_Shdr)) {
        corrupt("odd section header size");
    }
    const auto* sections = at<Elf64_Shdr>(header->e_shoff, header->e_shnum, "section table");
    for (std::size_t i = 0; i < header->e_shnum; ++i) {
        const Elf64_Shdr& section = sections[i];
        if (section.sh_type != SHT_NOBITS && section.sh_size > 0) {
            check_fits(section.sh_offset, section.sh_size, 1, "section " + std::to_string(i));
        }
    }
}

}  // namespace deckhand::plugin
