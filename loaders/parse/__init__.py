"""Pure steps from resolution text to the document model: no file is read here.

resolution.parse_text runs them in order: header, clean, footnotes, structure (with phrases),
references, linking, addressees; dates and trie serve several of them."""
