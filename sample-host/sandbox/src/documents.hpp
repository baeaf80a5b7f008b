// documents.hpp: shipping documents as real PDF files the sandbox serves from its own origin.
#pragma once

#include <string>
#include <vector>

#include "handler_context.hpp"

namespace sandbox {

// A one-page PDF 1.4 file showing `lines` (ASCII) in Helvetica; valid xref offsets.
std::string make_pdf(const std::vector<std::string>& lines);

// Stores `pdf` under a fresh unguessable id and returns its URL on the origin the request came
// to ("http://127.0.0.1:PORT/__sandbox/documents/ID.pdf"). REQUIRES: state.mutex held.
std::string publish_document(HandlerContext& ctx, std::string pdf);

}  // namespace sandbox
