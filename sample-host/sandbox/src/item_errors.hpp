// item_errors.hpp: the answer of TikTok's batch writes, which succeed partially: HTTP 200, code 0
// and data {"errors": [{"code", "message", "detail": {"<id key>": id}}]} listing the items that
// failed; every item not listed was applied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <json_writer/json_writer.hpp>

#include "api_types.hpp"

namespace sandbox {

// Why one item of a batch write was not applied.
struct ItemFailure {
  std::int64_t code;
  std::string message;
};

class ItemErrors {
 public:
  // `id_key` names the item in each error's detail ("product_id", "package_id", ...).
  explicit ItemErrors(std::string_view id_key);
  ItemErrors(const ItemErrors&) = delete;
  ItemErrors& operator=(const ItemErrors&) = delete;

  // Lists one item that was not applied.
  void add(std::int64_t code, std::string_view message, std::string_view id);

  // The success answer with every error added. Call once, last.
  ApiResponse answer();

 private:
  std::string id_key_;
  std::string data_;
  jsonw::Writer writer_;
};

}  // namespace sandbox
