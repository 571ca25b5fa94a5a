"""Signing and verifying review sheets with pyHanko: keys (keyfiles, identities), the signer,
time-stamps, the order of signatures (sheet_rules), verification (sheet_verify), chain heads (heads)."""
