/** The Hugging Face Hub's address: HF_ENDPOINT when set, else https://huggingface.co; no trailing slash. */
export function hubEndpoint(): string {
  return (process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
}

/** The Hub's token (HF_TOKEN) goes to the Hub only (a redirect to another host drops it). */
export function hubHeaders(url: string): Record<string, string> {
  const token = process.env.HF_TOKEN;
  return token && url.startsWith(`${hubEndpoint()}/`) ? { authorization: `Bearer ${token}` } : {};
}
