// A bounds-checked ELF reader for one question: which exported symbols live in a section.
// Boost 1.74's library_info answers it from .symtab (absent from stripped plugins), takes the
// wrong string table and trusts every offset, so a truncated file could crash the host; this
// reads .dynsym through its sh_link string table, from an ElfImage that checked the file's layout.
#include "plugin/elf_section_symbols.hpp"

#include <elf.h>

#include <stdexcept>

#include "plugin/elf_image.hpp"

namespace deckhand::plugin {

std::vector<std::string> read_section_symbols(const std::filesystem::path& file,
                                              const std::string& section) {
    const ElfImage image(file);  // checks the header, segments and section table
    const auto* header = image.at<Elf64_Ehdr>(0, 1, "ELF header");
    if (header->e_shnum == 0) {
        return {};
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
