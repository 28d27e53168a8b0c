// free_local_port: bind port 0 on 127.0.0.1, read the kernel's choice, close.
#include "support/ports.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace deckhand::test {

int free_local_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error(std::string("socket() failed: ") + std::strerror(errno));
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API is C.
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (bind(fd, generic, sizeof address) != 0 || getsockname(fd, generic, &length) != 0) {
        int error = errno;
        close(fd);
        throw std::runtime_error(std::string("could not find a free port on 127.0.0.1: ") +
                                 std::strerror(error));
    }
    close(fd);
    return ntohs(address.sin_port);
}

}  // namespace deckhand::test
