// beast_names.hpp: the short names the http/*.cpp files use for Asio, Beast and Boost's
// error_code. Internal: only .cpp files in http/ include it (Beast and Asio stay inside http/).
#pragma once

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/error_code.hpp>

namespace host::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
}  // namespace host::http
