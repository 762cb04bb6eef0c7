import { useFormContext } from "../context";
import { SECRET_MASK } from "../values";
import type { InputProps } from "./types";

/**
 * A secret: a password input. A stored secret arrives as the server's mask
 * and is sent back as it is (the server then keeps the stored value) unless
 * the user types a new one; focusing selects the mask so typing replaces it.
 */
export function SecretInput({ path, value, required, ids, empty }: InputProps<"secret">) {
  const form = useFormContext();
  const masked = value === SECRET_MASK;
  return (
    <>
      <input
        id={ids.id}
        type="password"
        autoComplete="new-password"
        required={required}
        disabled={form.disabled}
        {...ids.aria}
        value={typeof value === "string" ? value : ""}
        onFocus={(event) => {
          if (masked) event.target.select();
        }}
        onChange={(event) => form.onChange(path, event.target.value === "" ? empty : event.target.value)}
      />
      {masked && <p className="sf-hint">A secret is stored; it is kept unless you type a new one.</p>}
    </>
  );
}
