#include "loader/file_sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <span>
#include <text_codec/hex.hpp>

namespace host::loader {
namespace {

struct DigestContextFree {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::optional<std::string> file_sha256_hex(const std::filesystem::path& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open " + path.string() + " to hash it: " + std::strerror(errno);
    return std::nullopt;
  }
  std::unique_ptr<EVP_MD_CTX, DigestContextFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    *error = "OpenSSL could not start a SHA-256 digest";
    return std::nullopt;
  }
  std::array<char, 64 * 1024> chunk;
  while (in) {
    in.read(chunk.data(), chunk.size());
    const auto got = static_cast<size_t>(in.gcount());
    if (got > 0 && EVP_DigestUpdate(ctx.get(), chunk.data(), got) != 1) {
      *error = "OpenSSL failed while hashing " + path.string();
      return std::nullopt;
    }
  }
  if (in.bad()) {
    *error = "cannot read " + path.string() + " to hash it";
    return std::nullopt;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int digest_len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &digest_len) != 1) {
    *error = "OpenSSL failed to finish the SHA-256 of " + path.string();
    return std::nullopt;
  }
  return textcodec::to_hex(std::span(digest.data(), digest_len));
}

}  // namespace host::loader
