//! Why an upload was refused, in words, and as a short code: the product page shows the words
//! inside its upload form (the redirect back carries only the code, never free text).

/// The largest file accepted.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
/// The widest or tallest image accepted, in pixels.
pub const MAX_DIMENSION: u32 = 8000;
/// The most pixels an image may have: 40 megapixels (a 7,300 × 5,500 photo), 160 MB decoded.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Images a product may have.
pub const MAX_IMAGES: i64 = 50;

/// An upload that cannot become an image of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    NoFile,
    Empty,
    NotImage,
    TooManyPixels,
    Damaged,
    TooLarge,
    TooMany,
    Unreadable,
}

impl UploadProblem {
    const ALL: [UploadProblem; 8] = [
        UploadProblem::NoFile,
        UploadProblem::Empty,
        UploadProblem::NotImage,
        UploadProblem::TooManyPixels,
        UploadProblem::Damaged,
        UploadProblem::TooLarge,
        UploadProblem::TooMany,
        UploadProblem::Unreadable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadProblem::NoFile => "no_file",
            UploadProblem::Empty => "empty",
            UploadProblem::NotImage => "not_image",
            UploadProblem::TooManyPixels => "too_many_pixels",
            UploadProblem::Damaged => "damaged",
            UploadProblem::TooLarge => "too_large",
            UploadProblem::TooMany => "too_many",
            UploadProblem::Unreadable => "unreadable",
        }
    }

    pub fn from_code(code: &str) -> Option<UploadProblem> {
        UploadProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn message(self) -> String {
        match self {
            UploadProblem::NoFile => "Choose an image to upload.".into(),
            UploadProblem::Empty => "The file is empty. Choose another.".into(),
            UploadProblem::NotImage => {
                "This is not a JPEG, PNG or WebP image. Choose one of those.".into()
            }
            UploadProblem::TooManyPixels => format!(
                "The image is larger than 40 megapixels, or wider or taller than {MAX_DIMENSION} pixels. Make it smaller."
            ),
            UploadProblem::Damaged => {
                "The image could not be read; the file may be damaged. Choose another.".into()
            }
            UploadProblem::TooLarge => format!(
                "The image is larger than {} MB. Use a smaller file.",
                MAX_IMAGE_BYTES / 1024 / 1024
            ),
            UploadProblem::TooMany => {
                format!("A product can have at most {MAX_IMAGES} images. Delete one first.")
            }
            UploadProblem::Unreadable => {
                "The upload could not be read. Choose the file again.".into()
            }
        }
    }
}

/// The message for a code from the product page's address; none for anything else.
pub fn upload_problem_message(code: &str) -> Option<String> {
    UploadProblem::from_code(code.trim()).map(UploadProblem::message)
}
