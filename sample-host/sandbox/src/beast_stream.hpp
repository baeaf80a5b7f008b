// beast_stream.hpp: the Beast/Asio headers and short names the sandbox's two network files use
// (http_server.cpp serves, webhook_client.cpp posts webhooks), plain TCP and TLS alike. Only .cpp
// files include it: server.hpp stays free of Boost.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace sandbox {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

}  // namespace sandbox
