// The migration lock key: a fixed hash of the database name, documented in the public header.
#include <cstdint>
#include <string_view>

#include "deckhand/postgres/postgres_connection.hpp"

namespace deckhand::postgres {

std::int64_t migration_lock_key(std::string_view database_name) {
    constexpr std::uint64_t fnv_offset_basis = 14695981039346656037ULL;
    constexpr std::uint64_t fnv_prime = 1099511628211ULL;
    std::uint64_t hash = fnv_offset_basis;
    auto mix = [&](std::string_view text) {
        for (unsigned char c : text) {
            hash ^= c;
            hash *= fnv_prime;
        }
    };
    mix("deckhand:");
    mix(database_name);
    return static_cast<std::int64_t>(hash);
}

}  // namespace deckhand::postgres
